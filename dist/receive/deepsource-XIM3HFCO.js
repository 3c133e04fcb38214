import{p as a}from"./chunk-QXDTPMBC.js";import"./chunk-EATCPIB6.js";export{a as reactions};
