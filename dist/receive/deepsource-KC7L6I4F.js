import{p as a}from"./chunk-PQACEEV2.js";import"./chunk-AKTJ3TVC.js";export{a as reactions};
