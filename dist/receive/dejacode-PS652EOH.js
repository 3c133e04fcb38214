import{a}from"./chunk-65Y4Z27R.js";import"./chunk-ESBQFM63.js";export{a as reactions};
