import{q as a}from"./chunk-6W3CN2OZ.js";import"./chunk-KUXPKBKF.js";export{a as reactions};
