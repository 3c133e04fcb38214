import{a}from"./chunk-6NRLE5KQ.js";import"./chunk-LNETV3ZM.js";export{a as openConnection};
