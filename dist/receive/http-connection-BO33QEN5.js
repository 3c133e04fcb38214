import{a}from"./chunk-6NRLE5KQ.js";import"./chunk-KUXPKBKF.js";export{a as openConnection};
