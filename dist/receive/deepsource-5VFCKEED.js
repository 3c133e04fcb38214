import{q as a}from"./chunk-OZFW53OP.js";import"./chunk-3LS6USRN.js";export{a as reactions};
