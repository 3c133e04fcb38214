import{a}from"./chunk-PXILGPNO.js";import"./chunk-VMWOPFRQ.js";export{a as reactions};
