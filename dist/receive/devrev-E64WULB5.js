import{c as a}from"./chunk-CDJTHQB5.js";import"./chunk-LD54TNDN.js";export{a as reactions};
