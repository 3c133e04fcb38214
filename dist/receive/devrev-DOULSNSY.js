import{c as a}from"./chunk-VALSOV3N.js";import"./chunk-NF3YY6IT.js";export{a as reactions};
