import{a}from"./chunk-UPEUEXC4.js";import"./chunk-KZ7XTUOP.js";export{a as reactions};
