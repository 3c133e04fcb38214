import{c as a}from"./chunk-HFYPVXRB.js";import"./chunk-AKTJ3TVC.js";export{a as reactions};
