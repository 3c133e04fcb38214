import{a}from"./chunk-IUKAGBPK.js";import"./chunk-3LS6USRN.js";export{a as reactions};
