import{a}from"./chunk-XNBMQTM5.js";import"./chunk-AKTJ3TVC.js";export{a as openConnection};
