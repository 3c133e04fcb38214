import{a}from"./chunk-6Y7SAFFH.js";import"./chunk-3RJRI344.js";export{a as reactions};
