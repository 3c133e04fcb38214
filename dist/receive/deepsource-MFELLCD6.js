import{p as a}from"./chunk-NWIFKFRE.js";import"./chunk-IMSFU2CT.js";export{a as reactions};
