import{c as a}from"./chunk-A25AK3UB.js";import"./chunk-3RJRI344.js";export{a as reactions};
