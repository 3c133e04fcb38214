import{a}from"./chunk-6NRLE5KQ.js";import"./chunk-ES32OARC.js";export{a as openConnection};
