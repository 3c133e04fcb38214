import{a}from"./chunk-6NRLE5KQ.js";import"./chunk-VLSN7CPE.js";export{a as openConnection};
