import{c as a}from"./chunk-HJVYI4JZ.js";import"./chunk-LNETV3ZM.js";export{a as reactions};
