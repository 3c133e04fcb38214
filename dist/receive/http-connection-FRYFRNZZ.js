import{a}from"./chunk-6NRLE5KQ.js";import"./chunk-UNF6EEJ4.js";export{a as openConnection};
