import{a}from"./chunk-MGDVJNII.js";import"./chunk-NOFYJSTX.js";export{a as reactions};
