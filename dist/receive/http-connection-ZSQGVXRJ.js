import{a}from"./chunk-6NRLE5KQ.js";import"./chunk-WFLCDMIZ.js";export{a as openConnection};
