import{a}from"./chunk-7GZIJFTU.js";import"./chunk-27ISYLU3.js";export{a as reactions};
