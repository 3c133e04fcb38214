import{p as a}from"./chunk-L2HSLEF7.js";import"./chunk-NOFYJSTX.js";export{a as reactions};
