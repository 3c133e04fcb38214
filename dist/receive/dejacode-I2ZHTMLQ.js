import{a}from"./chunk-H7BRT3SW.js";import"./chunk-LNETV3ZM.js";export{a as reactions};
