import{a}from"./chunk-336UU25F.js";import"./chunk-QFWZSNS7.js";export{a as reactions};
