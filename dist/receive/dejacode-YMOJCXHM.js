import{a}from"./chunk-ZU7V2VTQ.js";import"./chunk-EATCPIB6.js";export{a as reactions};
