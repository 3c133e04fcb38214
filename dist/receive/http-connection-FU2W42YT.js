import{a}from"./chunk-6NRLE5KQ.js";import"./chunk-USXZQT3V.js";export{a as openConnection};
