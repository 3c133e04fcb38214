import{a}from"./chunk-YTM7FDBX.js";import"./chunk-3LJZ33ZA.js";export{a as reactions};
