import{a}from"./chunk-EVWRHSU4.js";import"./chunk-L2SLH5OZ.js";export{a as reactions};
