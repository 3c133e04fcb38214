import{a}from"./chunk-6NRLE5KQ.js";import"./chunk-F63H6PNZ.js";export{a as openConnection};
