import{a}from"./chunk-6NRLE5KQ.js";import"./chunk-4A2GIC6N.js";export{a as openConnection};
