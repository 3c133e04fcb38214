import{a}from"./chunk-YR6NPLHE.js";import"./chunk-ES32OARC.js";export{a as reactions};
