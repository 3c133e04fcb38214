import{a}from"./chunk-SFSNCUR5.js";import"./chunk-USXZQT3V.js";export{a as reactions};
