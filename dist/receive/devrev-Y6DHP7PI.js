import{c as a}from"./chunk-EDUKA63D.js";import"./chunk-ESBQFM63.js";export{a as reactions};
