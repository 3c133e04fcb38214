import{a}from"./chunk-2NB6VO7I.js";import"./chunk-LD54TNDN.js";export{a as reactions};
