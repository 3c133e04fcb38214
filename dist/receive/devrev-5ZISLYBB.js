import{c as a}from"./chunk-IV26KXA7.js";import"./chunk-EATCPIB6.js";export{a as reactions};
