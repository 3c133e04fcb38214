import{a}from"./chunk-6NRLE5KQ.js";import"./chunk-ESBQFM63.js";export{a as openConnection};
