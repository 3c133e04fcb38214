import{a}from"./chunk-6NRLE5KQ.js";import"./chunk-TKJSUIKG.js";export{a as openConnection};
