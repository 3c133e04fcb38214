import{a}from"./chunk-BC37NBR7.js";import"./chunk-F63H6PNZ.js";export{a as reactions};
