import{a}from"./chunk-67TCBAKM.js";import"./chunk-E45YKGCK.js";export{a as reactions};
