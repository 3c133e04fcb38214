import{q as a}from"./chunk-2EXXBOQ2.js";import"./chunk-3LJZ33ZA.js";export{a as reactions};
