import{a}from"./chunk-6NRLE5KQ.js";import"./chunk-27ISYLU3.js";export{a as openConnection};
