import{a}from"./chunk-FVYOFUV3.js";import"./chunk-NF3YY6IT.js";export{a as reactions};
