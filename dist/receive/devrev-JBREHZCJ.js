import{c as a}from"./chunk-RT5AFAPP.js";import"./chunk-VMWOPFRQ.js";export{a as reactions};
