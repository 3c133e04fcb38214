import{a}from"./chunk-6NRLE5KQ.js";import"./chunk-3LS6USRN.js";export{a as openConnection};
