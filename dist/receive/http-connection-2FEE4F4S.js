import{a}from"./chunk-6NRLE5KQ.js";import"./chunk-3LJZ33ZA.js";export{a as openConnection};
