import{q as a}from"./chunk-UQVIMZEF.js";import"./chunk-ESBQFM63.js";export{a as reactions};
