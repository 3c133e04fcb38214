import{c as a}from"./chunk-AAD7LILS.js";import"./chunk-QFWZSNS7.js";export{a as reactions};
