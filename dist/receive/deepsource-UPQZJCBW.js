import{o as a}from"./chunk-6NYLSUEZ.js";import"./chunk-QFWZSNS7.js";export{a as reactions};
