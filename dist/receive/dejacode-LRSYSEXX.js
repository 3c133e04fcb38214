import{a}from"./chunk-Q7ETBIMU.js";import"./chunk-AKTJ3TVC.js";export{a as reactions};
