import{a}from"./chunk-32PFIGX7.js";import"./chunk-KUXPKBKF.js";export{a as reactions};
