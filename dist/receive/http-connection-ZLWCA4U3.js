import{a}from"./chunk-6NRLE5KQ.js";import"./chunk-4RZNDWJH.js";export{a as openConnection};
