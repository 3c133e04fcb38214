import{p as a}from"./chunk-EMU2SZEH.js";import"./chunk-LD54TNDN.js";export{a as reactions};
