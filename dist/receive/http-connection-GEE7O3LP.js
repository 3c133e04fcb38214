import{a}from"./chunk-6NRLE5KQ.js";import"./chunk-2R7WEV74.js";export{a as openConnection};
