import{a}from"./chunk-XNBMQTM5.js";import"./chunk-7KHBNG2K.js";export{a as openConnection};
